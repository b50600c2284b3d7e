"""What every notebook needs around its lesson: the first and last cell, and the ``docker`` CLI in a cell."""
