from ui.components.guard import run_page
from ui.pages import jobs as page

run_page(page.render)
