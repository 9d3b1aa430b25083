import Testing
@testable import Sequencing

// The sequencer set's tests land here with its implementation (issue 6).
