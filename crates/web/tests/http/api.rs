// JSON API: tests written with the API.
