"""PySide6 screens and the composition of the app. Qt is imported only by the GUI modules."""
