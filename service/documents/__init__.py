"""Official documents: the kinds a round produces, their templates and the one rendering adapter."""
