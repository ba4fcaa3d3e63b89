"""The forms of the interviews app, one module per feature, named as its views are."""
