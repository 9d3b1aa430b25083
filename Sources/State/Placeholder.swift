// Placeholder: the State module is being written (see Documentation/INTERFACES.md).
