import Primitives

/// The kind of a call or create frame (Yellow Paper §8, §7; EELS `vm/instructions/system.py`).
public enum CallKind: UInt8, Sendable {
    /// CALL, or a message-call transaction: runs `codeAddress`'s code on `target`, transferring `value`.
    case call
    /// CALLCODE: runs `codeAddress`'s code in the caller's own account (`target == caller`).
    case callCode
    /// DELEGATECALL (EIP-7): like CALLCODE, keeping the parent's caller and value; no transfer.
    case delegateCall
    /// STATICCALL (EIP-214): a CALL with value 0 in which state changes are forbidden.
    case staticCall
    /// CREATE, or a contract-creation transaction: address = keccak(rlp([sender, nonce]))[12...].
    case create
    /// CREATE2 (EIP-1014): address = keccak(0xff ‖ sender ‖ salt ‖ keccak(initcode))[12...].
    case create2
}

/// One call or create frame's inputs.
///
/// For a message-call transaction: `kind: .call`, `caller` = sender, `target` = `codeAddress` = `to`,
/// `depth: 0`. For a contract-creation transaction see `EVM.execute(_:)`.
public struct Message: Sendable {
    /// Call or create, and which flavour.
    public var kind: CallKind
    /// The frame's CALLER (msg.sender).
    public var caller: Address
    /// The account whose storage and balance the code works on (ADDRESS). Ignored for creates:
    /// the EVM computes the new address.
    public var target: Address
    /// The account whose code runs (differs from `target` for CALLCODE/DELEGATECALL).
    public var codeAddress: Address
    /// Wei transferred (CALL, CALLCODE, creates) or apparent (DELEGATECALL) — CALLVALUE.
    public var value: UInt256
    /// Call data, or the init code for creates.
    public var input: [UInt8]
    /// Gas available to the frame (after intrinsic gas for a top-level frame).
    public var gas: Int64
    /// True inside a STATICCALL (EIP-214): state modifications halt the frame.
    public var isStatic: Bool
    /// Call depth: 0 for the transaction's frame, at most 1024.
    public var depth: Int
    /// CREATE2 salt (ignored for other kinds).
    public var salt: UInt256

    /// `codeAddress` defaults to `target`.
    public init(kind: CallKind, caller: Address, target: Address, codeAddress: Address? = nil,
                value: UInt256 = .zero, input: [UInt8] = [], gas: Int64, isStatic: Bool = false,
                depth: Int = 0, salt: UInt256 = .zero) {
        self.kind = kind
        self.caller = caller
        self.target = target
        self.codeAddress = codeAddress ?? target
        self.value = value
        self.input = input
        self.gas = gas
        self.isStatic = isStatic
        self.depth = depth
        self.salt = salt
    }
}

/// How a frame ended. Everything except `.success` reverts the frame's state changes; only
/// `.success` and `.revert` return unused gas (every other status consumes all the frame's gas).
/// `description` gives go-ethereum's error strings (used in JSON-RPC error messages).
public enum ExecutionStatus: UInt8, Sendable, CustomStringConvertible {
    /// STOP, RETURN, SELFDESTRUCT or the end of the code.
    case success
    /// REVERT (EIP-140): state rolled back, remaining gas returned, output = revert data.
    case revert
    /// Gas exhausted (also absurd memory offsets and code-deposit shortfalls).
    case outOfGas
    /// Undefined opcode or INVALID (0xfe).
    case invalidOpcode
    /// An opcode needed more stack items than there were.
    case stackUnderflow
    /// The stack would exceed 1024 items.
    case stackOverflow
    /// JUMP/JUMPI to a position that is not a JUMPDEST instruction.
    case badJumpDestination
    /// State change inside a static frame (EIP-214).
    case staticViolation
    /// RETURNDATACOPY beyond the return data buffer (EIP-211).
    case invalidMemoryAccess
    /// Call depth above 1024 (only reported for a top-level message with a bad depth; inside the
    /// interpreter a too-deep call just pushes 0).
    case callDepth
    /// The caller cannot pay the value (top-level message only; inside the interpreter the call pushes 0).
    case insufficientBalance
    /// Create address already has code or a nonzero nonce (EIP-684, EIP-7610: or storage).
    case createCollision
    /// Deployed code longer than 24576 bytes (EIP-170).
    case codeSizeLimit
    /// Deployed code starting with 0xEF (EIP-3541).
    case invalidCode
    /// Init code longer than 49152 bytes (EIP-3860).
    case initcodeSizeLimit
    /// Creator nonce at 2^64 − 1 (EIP-2681).
    case nonceOverflow
    /// A precompile rejected its input or is not implemented yet.
    case precompileFailure

    /// True for `.success`.
    public var isSuccess: Bool { self == .success }
    /// True for `.revert` (REVERT: state rolled back, gas and output returned).
    public var isRevert: Bool { self == .revert }

    /// go-ethereum's error string for the status.
    public var description: String {
        switch self {
        case .success: "success"
        case .revert: "execution reverted"
        case .outOfGas: "out of gas"
        case .invalidOpcode: "invalid opcode"
        case .stackUnderflow: "stack underflow"
        case .stackOverflow: "stack limit reached 1024"
        case .badJumpDestination: "invalid jump destination"
        case .staticViolation: "write protection"
        case .invalidMemoryAccess: "return data out of bounds"
        case .callDepth: "max call depth exceeded"
        case .insufficientBalance: "insufficient balance for transfer"
        case .createCollision: "contract address collision"
        case .codeSizeLimit: "max code size exceeded"
        case .invalidCode: "invalid code: must not begin with 0xef"
        case .initcodeSizeLimit: "max initcode size exceeded"
        case .nonceOverflow: "nonce uint64 overflow"
        case .precompileFailure: "precompiled contract failed"
        }
    }
}

/// A finished frame.
public struct ExecutionResult: Sendable {
    /// How the frame ended.
    public var status: ExecutionStatus
    /// Gas left to return to the caller (0 unless `.success` or `.revert`).
    public var gasLeft: Int64
    /// Accumulated refund counter (EIP-3529 SSTORE refunds) of this frame and its successful
    /// sub-frames; 0 when the frame failed. May be negative inside a frame, never at the top level
    /// of a valid transaction. The transaction level caps it at gasUsed / 5.
    public var gasRefund: Int64
    /// RETURN data, REVERT data, or (for a create) empty on success.
    public var output: [UInt8]
    /// The new contract's address for a successful create, else nil.
    public var createdAddress: Address?

    /// A result with the given fields (gas in gas units).
    public init(status: ExecutionStatus, gasLeft: Int64, gasRefund: Int64 = 0, output: [UInt8] = [],
                createdAddress: Address? = nil) {
        self.status = status
        self.gasLeft = gasLeft
        self.gasRefund = gasRefund
        self.output = output
        self.createdAddress = createdAddress
    }
}
