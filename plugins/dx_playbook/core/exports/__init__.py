"""The downloads: workbooks, CSV, the dataset and their JSON schemas."""
