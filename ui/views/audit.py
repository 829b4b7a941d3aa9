from ui.components.guard import run_page
from ui.pages import audit as page

run_page(page.render)
