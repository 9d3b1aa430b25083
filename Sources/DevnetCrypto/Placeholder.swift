// Placeholder: the Crypto module is being written (see Documentation/INTERFACES.md).
