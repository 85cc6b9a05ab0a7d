"""The OCR engine: plain Python, no Django. Image (or PDF) bytes in, typed result out."""
