"""Reading and guarding an upload: size, real type, bounded parse in a child process, sheets as rows."""
