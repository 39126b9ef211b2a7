// Administration pages: tests written with the admin pages.
