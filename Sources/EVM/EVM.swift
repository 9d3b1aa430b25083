import Primitives

/// The Ethereum Virtual Machine over a `Host` (Yellow Paper §9; EELS `prague/vm`).
///
/// One `EVM` value serves one transaction (its `tx` context) and may run several top-level
/// messages in sequence. It is not thread-safe; run it inside the chain's serializing owner.
public struct EVM<H: Host> {
    /// The world the frames read and write (journaled by the host).
    public let host: H
    /// Block values for the block-information opcodes; may be changed between `execute` calls.
    public var block: BlockContext
    /// Transaction values (ORIGIN, GASPRICE, BLOBHASH); may be changed between `execute` calls.
    public var tx: TransactionContext
    /// The rules in force (opcode set, precompiles, EIP-7702 delegation from Prague).
    public let fork: Hardfork
    /// Receives every opcode of the following `execute` calls (EIP-3155); nil (the default) runs
    /// the untraced interpreter loop, which has no tracing code in it.
    public var tracer: (any EVMTracer)?
    @usableFromInline let machine: Machine<H>

    /// Prepares an EVM over `host`; allocates the opcode table for `fork` once.
    public init(host: H, block: BlockContext, tx: TransactionContext, fork: Hardfork) {
        self.host = host
        self.block = block
        self.tx = tx
        self.fork = fork
        self.machine = Machine(host: host, block: block, tx: tx, fork: fork)
    }

    /// Runs one top-level call or create frame (and everything below it) and returns its result.
    ///
    /// Included: the checkpoint of the frame (reverted unless `.success`), the value transfer,
    /// precompile dispatch, and for creates the address, collision check, nonce 1 of the new
    /// account, init code run and code deposit (EIP-170, EIP-3541, 200 gas per byte).
    ///
    /// Not included (the transaction level in `Chain` does these): the sender's nonce check and
    /// increment, buying gas, intrinsic gas (with the EIP-3860 init code word cost), the EIP-3860
    /// init code size limit as a validity rule, warming origin/target/coinbase/precompiles/access
    /// list, the refund cap, fees.
    ///
    /// **Call transaction**: increment the sender's nonce, warm, then
    /// `Message(kind: .call, caller: sender, target: to, value:, input: data, gas: gasLimit − intrinsic)`.
    /// EIP-7702 delegated code of `to` is followed here (the delegate is warmed without charge).
    ///
    /// **Create transaction**: the caller increments the sender's nonce FIRST (like any transaction),
    /// then passes `Message(kind: .create, caller: sender, target: <ignored>, value:, input: initCode,
    /// gas: gasLimit − intrinsic, depth: 0)`. At depth 0 the EVM does NOT touch the sender's nonce and
    /// derives the address from the already-incremented nonce as
    /// `ContractAddress.create(sender: sender, nonce: host.nonce(sender) − 1)`, i.e. the transaction's
    /// nonce; it is returned as `createdAddress` on success (and is warmed here). For `.create2` at
    /// depth 0 the address is the EIP-1014 one with `salt` and no nonce is involved.
    /// Nested CREATE/CREATE2 (depth > 0, from the interpreter) increment the creator's nonce themselves.
    ///
    /// The result's `gasLeft` and `gasRefund` feed the transaction level's gas accounting.
    public mutating func execute(_ message: Message) -> ExecutionResult {
        machine.block = block
        machine.tx = tx
        machine.tracer = tracer
        let result = machine.executeTopLevel(message)
        if let tracer {
            var traced = result
            // EIP-3155 / EELS report a successful creation's output as the deployed code.
            if let created = result.createdAddress { traced.output = machine.host.code(created).bytes }
            tracer.messageEnd(traced, messageGas: message.gas)
        }
        return result
    }
}
