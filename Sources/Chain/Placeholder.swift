// Placeholder: the Chain module is being written (see Documentation/INTERFACES.md).
