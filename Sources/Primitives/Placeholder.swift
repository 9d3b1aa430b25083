// Placeholder: see Documentation/INTERFACES.md
