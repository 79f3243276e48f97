"""PDF: the warm LibreOffice pool, fonts, packets (merge, bookmarks, watermark), GB/T 9704 check (issue 6)."""
