from ui.components.guard import run_page
from ui.pages import login as page

run_page(page.render)
