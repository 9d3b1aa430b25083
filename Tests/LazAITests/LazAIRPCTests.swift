import Testing
@testable import LazAI
