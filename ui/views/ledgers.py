from ui.components.guard import run_page
from ui.pages import ledgers as page

run_page(page.render)
