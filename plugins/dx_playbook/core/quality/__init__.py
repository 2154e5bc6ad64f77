"""What every page must meet: the sanitizer, the CSP, links, wording, asset size."""
