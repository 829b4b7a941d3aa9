from ui.components.guard import run_page
from ui.pages import rounds as page

run_page(page.render)
