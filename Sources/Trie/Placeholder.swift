// Placeholder: the Trie module is being written (see Documentation/INTERFACES.md).
