"""Reading: files, saved pages, PDFs, DOCX and URLs in; SourceDocuments with their metadata out."""
