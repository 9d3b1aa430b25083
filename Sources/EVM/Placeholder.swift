// Placeholder: the EVM module is being written (see Documentation/INTERFACES.md).
