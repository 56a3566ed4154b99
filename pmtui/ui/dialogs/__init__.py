"""Modal dialogs: each asks one thing over the screen under it and returns the answer (ModalScreen[T])."""
