from ui.components.guard import run_page
from ui.pages import settings as page

run_page(page.render)
