from ui.components.guard import run_page
from ui.pages import indicators as page

run_page(page.render)
