from ui.components.guard import run_page
from ui.pages import rollup as page

run_page(page.render)
