# pragma version 0.4.3
"""
@title AIProcess
@notice LazAI's per-(user, node) prepaid accounts for one kind of AI service (the devnet runs this
        same code as Query, Inference and Training), after 0xLazAI/lazbubu-contracts
        src/process/AIProcess.sol, ABI-compatible with Alith 0.12.3's AI_PROCESS_CONTRACT_ABI.
        Written for metis-devnet.

        Nodes: a registry like VerifiedComputing's (maintainer adds/removes; `isNode` = active).

        Accounts: Settlement opens (`addAccount{value}`), tops up (`deposit{value}`), starts
        refunds (`request`), releases refunds older than lockTime seconds (`process`) and closes
        (`deleteAccount`) accounts -- only Settlement may call these. Wei released by `process`
        and the balance left by `deleteAccount` are sent back to Settlement (which credits the
        user; upstream keeps that ETH here).

        `settlementFees((signature, (id, user, cost, nonce, userSignature)))`, by an active node
        of this contract ("NodeNotActive"): the user's signature must recover (EIP-191 personal
        sign of keccak256(abi.encode(uint256 nonce, address user, address node = msg.sender)),
        what Alith's SettlementRequest.generate_signature makes) to `user`
        ("InvalidUserSignature"); the account must exist ("AccountNotExists"); nonce must be
        STRICTLY greater than the account's last nonce ("NonceTooLow": a replay fails on-chain,
        as Alith's node middleware requires off-chain); `cost` wei come from the free balance,
        then from pending refunds ("InsufficientBalance"); the node is paid with send(); the
        account's nonce becomes `nonce`; BalanceUpdated is emitted. The outer node `signature`
        is not checked (as upstream).

        Roles (OpenZeppelin AccessControl-compatible): DEFAULT_ADMIN_ROLE grants/revokes roles and
        updates settlement and lockTime; MAINTAINER_ROLE adds/removes nodes and pauses. Errors are
        upstream's error NAMES as revert reason strings.

        Settings are storage written by initialize(admin, settlement, lockTime, idao), which runs
        once (no constructor arguments, no immutables: genesis places the runtime code). admin gets
        DEFAULT_ADMIN_ROLE and MAINTAINER_ROLE; idao gets MAINTAINER_ROLE.
"""

MAX_NODES: constant(uint256) = 64
MAX_URL: constant(uint256) = 512
MAX_KEY: constant(uint256) = 1024
MAX_REFUNDS: constant(uint256) = 32
MAX_ACCOUNTS: constant(uint256) = 4096
MAX_ACCOUNTS_RETURNED: constant(uint256) = 64
MAX_ID: constant(uint256) = 256
MAX_SIGNATURE: constant(uint256) = 128
SECP256K1_HALF_N: constant(uint256) = 57896044618658097711785492504343953926418782139537452191302581570759080747168  # secp256k1 n / 2

DEFAULT_ADMIN_ROLE: public(constant(bytes32)) = empty(bytes32)
MAINTAINER_ROLE: public(constant(bytes32)) = keccak256("MAINTAINER_ROLE")

NODE_ACTIVE: constant(uint8) = 1
NODE_REMOVED: constant(uint8) = 2


interface SettlementContract:
    def settlement(addr: address, cost: uint256): nonpayable


struct NodeInfo:
    nodeAddress: address
    url: String[MAX_URL]
    status: uint8
    amount: uint256
    jobsCount: uint256
    publicKey: String[MAX_KEY]


struct Node:
    status: uint8
    url: String[MAX_URL]
    amount: uint256
    jobsCount: uint256
    publicKey: String[MAX_KEY]


struct Refund:
    index: uint256
    amount: uint256
    createdAt: uint256
    processed: bool


struct Account:
    user: address
    node: address
    nonce: uint256
    balance: uint256
    pendingRefund: uint256
    refunds: DynArray[Refund, MAX_REFUNDS]


struct SettlementData:
    id: String[MAX_ID]
    user: address
    cost: uint256
    nonce: uint256
    userSignature: Bytes[MAX_SIGNATURE]


struct SettlementRequest:
    signature: Bytes[MAX_SIGNATURE]
    data: SettlementData


event RoleGranted:
    role: indexed(bytes32)
    account: indexed(address)
    sender: indexed(address)

event RoleRevoked:
    role: indexed(bytes32)
    account: indexed(address)
    sender: indexed(address)

event Paused:
    account: address

event Unpaused:
    account: address

event NodeAdded:
    nodeAddress: indexed(address)

event NodeRemoved:
    nodeAddress: indexed(address)

event NodeUrlUpdated:
    nodeAddress: indexed(address)
    url: String[MAX_URL]

event SettlementUpdated:
    newSettlement: address

event BalanceUpdated:
    user: indexed(address)
    node: indexed(address)
    amount: uint256
    pendingRefund: uint256


initialized: public(bool)
paused: public(bool)
_roles: HashMap[bytes32, HashMap[address, bool]]

settlement: public(address)
lockTime: public(uint256)

_nodes: HashMap[address, Node]
_nodeList: DynArray[address, MAX_NODES]
_activeNodeList: DynArray[address, MAX_NODES]
_activeIndex: HashMap[address, uint256]
_inNodeList: HashMap[address, bool]

_accounts: HashMap[address, HashMap[address, Account]]
# 1-based position in _accountKeys (0 = no account)
_accountIndex: HashMap[address, HashMap[address, uint256]]
_accountUsers: DynArray[address, MAX_ACCOUNTS]
_accountNodes: DynArray[address, MAX_ACCOUNTS]


@deploy
def __init__():
    pass


@external
def initialize(admin: address, settlement: address, lockTime: uint256, idao: address):
    """
    @notice One-time setup: admin gets DEFAULT_ADMIN_ROLE and MAINTAINER_ROLE, idao gets
            MAINTAINER_ROLE; settlement is the only caller of the account functions; lockTime
            (seconds) is how long a refund stays locked.
    """
    assert not self.initialized, "InvalidInitialization"
    assert admin != empty(address), "ZeroAddress"
    self.initialized = True
    self.settlement = settlement
    self.lockTime = lockTime
    self._grant(DEFAULT_ADMIN_ROLE, admin)
    self._grant(MAINTAINER_ROLE, admin)
    if idao != empty(address):
        self._grant(MAINTAINER_ROLE, idao)


# ---------------------------------------------------------------- roles and pause

@internal
def _grant(role: bytes32, account: address):
    if not self._roles[role][account]:
        self._roles[role][account] = True
        log RoleGranted(role=role, account=account, sender=msg.sender)


@internal
@view
def _only(role: bytes32):
    assert self._roles[role][msg.sender], "AccessControlUnauthorizedAccount"


@internal
@view
def _onlySettlement():
    assert msg.sender == self.settlement, "Caller is not the settlement contract"


@view
@external
def hasRole(role: bytes32, account: address) -> bool:
    return self._roles[role][account]


@view
@external
def getRoleAdmin(role: bytes32) -> bytes32:
    return DEFAULT_ADMIN_ROLE


@external
def grantRole(role: bytes32, account: address):
    """
    @notice Grants `role` to `account`; DEFAULT_ADMIN_ROLE only.
    """
    self._only(DEFAULT_ADMIN_ROLE)
    self._grant(role, account)


@external
def revokeRole(role: bytes32, account: address):
    """
    @notice Revokes `role` from `account`; DEFAULT_ADMIN_ROLE only.
    """
    self._only(DEFAULT_ADMIN_ROLE)
    if self._roles[role][account]:
        self._roles[role][account] = False
        log RoleRevoked(role=role, account=account, sender=msg.sender)


@external
def renounceRole(role: bytes32, callerConfirmation: address):
    assert callerConfirmation == msg.sender, "AccessControlBadConfirmation"
    if self._roles[role][msg.sender]:
        self._roles[role][msg.sender] = False
        log RoleRevoked(role=role, account=msg.sender, sender=msg.sender)


@external
def pause():
    self._only(MAINTAINER_ROLE)
    assert not self.paused, "EnforcedPause"
    self.paused = True
    log Paused(account=msg.sender)


@external
def unpause():
    self._only(MAINTAINER_ROLE)
    assert self.paused, "ExpectedPause"
    self.paused = False
    log Unpaused(account=msg.sender)


@pure
@external
def version() -> uint256:
    return 1


@external
def updateSettlement(newSettlement: address):
    self._only(DEFAULT_ADMIN_ROLE)
    self.settlement = newSettlement
    log SettlementUpdated(newSettlement=newSettlement)


@external
def updateLockTime(newLockTime: uint256):
    """
    @notice Sets the refund lock (seconds); DEFAULT_ADMIN_ROLE only (devnet addition).
    """
    self._only(DEFAULT_ADMIN_ROLE)
    self.lockTime = newLockTime


# ---------------------------------------------------------------- nodes

@internal
@view
def _nodeInfo(nodeAddress: address) -> NodeInfo:
    node: Node = self._nodes[nodeAddress]
    return NodeInfo(nodeAddress=nodeAddress, url=node.url, status=node.status, amount=node.amount,
                    jobsCount=node.jobsCount, publicKey=node.publicKey)


@external
def addNode(nodeAddress: address, url: String[MAX_URL], publicKey: String[MAX_KEY]):
    """
    @notice Adds (or re-activates) a node with its service URL and RSA public key (PEM);
            maintainer only. Reverts "NodeAlreadyAdded" when the node is active.
    """
    self._only(MAINTAINER_ROLE)
    assert self._activeIndex[nodeAddress] == 0, "NodeAlreadyAdded"
    if not self._inNodeList[nodeAddress]:
        self._inNodeList[nodeAddress] = True
        self._nodeList.append(nodeAddress)
    self._activeNodeList.append(nodeAddress)
    self._activeIndex[nodeAddress] = len(self._activeNodeList)
    self._nodes[nodeAddress].status = NODE_ACTIVE
    self._nodes[nodeAddress].url = url
    self._nodes[nodeAddress].publicKey = publicKey
    log NodeAdded(nodeAddress=nodeAddress)


@external
def updateNodeUrl(url: String[MAX_URL]):
    """
    @notice An active node moves its own service URL (devnet addition: the devnet's nodes call it
            when the L2 listens on another port than the genesis URL's). Reverts "NodeNotActive"
            for a caller that is not an active node, "InvalidUrl" for "".
    """
    assert self._activeIndex[msg.sender] != 0, "NodeNotActive"
    assert len(url) > 0, "InvalidUrl"
    self._nodes[msg.sender].url = url
    log NodeUrlUpdated(nodeAddress=msg.sender, url=url)


@external
def removeNode(nodeAddress: address):
    """
    @notice Deactivates a node; maintainer only. Reverts "NodeNotActive".
    """
    self._only(MAINTAINER_ROLE)
    position: uint256 = self._activeIndex[nodeAddress]
    assert position != 0, "NodeNotActive"
    last: address = self._activeNodeList[len(self._activeNodeList) - 1]
    if last != nodeAddress:
        self._activeNodeList[position - 1] = last
        self._activeIndex[last] = position
    self._activeNodeList.pop()
    self._activeIndex[nodeAddress] = 0
    self._nodes[nodeAddress].status = NODE_REMOVED
    log NodeRemoved(nodeAddress=nodeAddress)


@view
@external
def getNode(nodeAddress: address) -> NodeInfo:
    """
    @notice The node's record; amount = wei received through settlementFees, jobsCount = how
            many settlementFees it sent.
    """
    return self._nodeInfo(nodeAddress)


@view
@external
def nodesCount() -> uint256:
    return len(self._nodeList)


@view
@external
def nodeList() -> DynArray[address, MAX_NODES]:
    return self._nodeList


@view
@external
def nodeListAt(index: uint256) -> NodeInfo:
    return self._nodeInfo(self._nodeList[index])


@view
@external
def activeNodesCount() -> uint256:
    return len(self._activeNodeList)


@view
@external
def activeNodeList() -> DynArray[address, MAX_NODES]:
    return self._activeNodeList


@view
@external
def activeNodeListAt(index: uint256) -> NodeInfo:
    return self._nodeInfo(self._activeNodeList[index])


@view
@external
def isNode(nodeAddress: address) -> bool:
    return self._nodes[nodeAddress].status == NODE_ACTIVE


# ---------------------------------------------------------------- accounts

@internal
@view
def _requireAccount(user: address, node: address):
    assert self._accountIndex[user][node] != 0, "AccountNotExists"


@view
@external
def getAccount(user: address, node: address) -> Account:
    """
    @notice (user, node, nonce, balance (wei), pendingRefund (wei), refunds). Reverts "AccountNotExists".
    """
    self._requireAccount(user, node)
    return self._accounts[user][node]


@view
@external
def getAccountPendingRefund(user: address, node: address) -> uint256:
    self._requireAccount(user, node)
    return self._accounts[user][node].pendingRefund


@view
@external
def getAllAccounts() -> DynArray[Account, MAX_ACCOUNTS_RETURNED]:
    """
    @notice The first 64 accounts (accountsCount() tells how many there are).
    """
    result: DynArray[Account, MAX_ACCOUNTS_RETURNED] = []
    count: uint256 = min(len(self._accountUsers), MAX_ACCOUNTS_RETURNED)
    for i: uint256 in range(count, bound=MAX_ACCOUNTS_RETURNED):
        result.append(self._accounts[self._accountUsers[i]][self._accountNodes[i]])
    return result


@view
@external
def accountsCount() -> uint256:
    return len(self._accountUsers)


@view
@external
def accountExists(user: address, node: address) -> bool:
    return self._accountIndex[user][node] != 0


@external
@payable
def addAccount(user: address, node: address):
    """
    @notice Opens the (user, node) account with msg.value wei; Settlement only.
            Reverts "AccountAlreadyExists".
    """
    self._onlySettlement()
    assert self._accountIndex[user][node] == 0, "AccountAlreadyExists"
    self._accountUsers.append(user)
    self._accountNodes.append(node)
    self._accountIndex[user][node] = len(self._accountUsers)
    self._accounts[user][node] = Account(user=user, node=node, nonce=0, balance=msg.value, pendingRefund=0,
                                         refunds=[])
    log BalanceUpdated(user=user, node=node, amount=msg.value, pendingRefund=0)


@external
@nonreentrant
def deleteAccount(user: address, node: address):
    """
    @notice Closes the account and sends its balance back to Settlement; Settlement only;
            no-op when there is none.
    """
    self._onlySettlement()
    position: uint256 = self._accountIndex[user][node]
    if position == 0:
        return
    amount: uint256 = self._accounts[user][node].balance
    lastIndex: uint256 = len(self._accountUsers) - 1
    if position - 1 != lastIndex:
        lastUser: address = self._accountUsers[lastIndex]
        lastNode: address = self._accountNodes[lastIndex]
        self._accountUsers[position - 1] = lastUser
        self._accountNodes[position - 1] = lastNode
        self._accountIndex[lastUser][lastNode] = position
    self._accountUsers.pop()
    self._accountNodes.pop()
    self._accountIndex[user][node] = 0
    self._accounts[user][node] = empty(Account)
    if amount != 0:
        raw_call(msg.sender, b"", value=amount)


@external
@payable
def deposit(user: address, node: address, cancelRetrievingAmount: uint256):
    """
    @notice Adds msg.value wei to the account and cancels up to cancelRetrievingAmount wei of
            pending (unprocessed) refunds, oldest first; Settlement only. "AccountNotExists".
    """
    self._onlySettlement()
    self._requireAccount(user, node)
    account: Account = self._accounts[user][node]
    remaining: uint256 = cancelRetrievingAmount
    for i: uint256 in range(len(account.refunds), bound=MAX_REFUNDS):
        if remaining == 0:
            break
        if account.refunds[i].processed:
            continue
        take: uint256 = min(remaining, account.refunds[i].amount)
        account.refunds[i].amount -= take
        account.pendingRefund -= take
        remaining -= take
    account.balance += msg.value
    self._accounts[user][node] = account
    log BalanceUpdated(user=user, node=node, amount=account.balance, pendingRefund=account.pendingRefund)


@external
def request(user: address, node: address):
    """
    @notice Starts a refund of the account's whole free balance (balance - pendingRefund);
            Settlement only. The refund unlocks lockTime seconds later.
    """
    self._onlySettlement()
    self._requireAccount(user, node)
    account: Account = self._accounts[user][node]
    amount: uint256 = account.balance - account.pendingRefund
    if amount == 0:
        return
    if len(account.refunds) == MAX_REFUNDS:
        # keep only the refunds still pending
        kept: DynArray[Refund, MAX_REFUNDS] = []
        for r: Refund in account.refunds:
            if not r.processed and r.amount != 0:
                kept.append(r)
        account.refunds = kept
    assert len(account.refunds) < MAX_REFUNDS, "TooManyRefunds"
    index: uint256 = 0
    if len(account.refunds) != 0:
        index = account.refunds[len(account.refunds) - 1].index + 1
    account.refunds.append(Refund(index=index, amount=amount, createdAt=block.timestamp, processed=False))
    account.pendingRefund += amount
    self._accounts[user][node] = account


@external
@nonreentrant
def process(user: address, node: address) -> (uint256, uint256, uint256):
    """
    @notice Releases every refund at least lockTime seconds old: takes it from the balance and
            sends the wei to Settlement; Settlement only. Returns (released wei, balance,
            pendingRefund).
    """
    self._onlySettlement()
    self._requireAccount(user, node)
    account: Account = self._accounts[user][node]
    total: uint256 = 0
    for i: uint256 in range(len(account.refunds), bound=MAX_REFUNDS):
        if account.refunds[i].processed:
            continue
        if block.timestamp < account.refunds[i].createdAt + self.lockTime:
            continue
        amount: uint256 = account.refunds[i].amount
        account.balance -= amount
        account.pendingRefund -= amount
        total += amount
        account.refunds[i].processed = True
    self._accounts[user][node] = account
    if total != 0:
        raw_call(msg.sender, b"", value=total)
    return (total, account.balance, account.pendingRefund)


# ---------------------------------------------------------------- settlement

@internal
@pure
def _recoverEthSigned(h: bytes32, signature: Bytes[MAX_SIGNATURE]) -> address:
    """
    @dev ECDSA.recover(toEthSignedMessageHash(h), signature) for 65-byte r||s||v signatures;
         empty(address) when malformed (wrong length, v not 27/28 (or 0/1), high s).
    """
    if len(signature) != 65:
        return empty(address)
    r: uint256 = convert(slice(signature, 0, 32), uint256)
    s: uint256 = convert(slice(signature, 32, 32), uint256)
    v: uint256 = convert(slice(signature, 64, 1), uint256)
    if v < 27:
        v += 27
    if (v != 27 and v != 28) or s > SECP256K1_HALF_N:
        return empty(address)
    return ecrecover(keccak256(concat(b"\x19Ethereum Signed Message:\n32", h)), v, r, s)


@external
@nonreentrant
def settlementFees(s: SettlementRequest):
    """
    @notice A node charges `cost` wei to (user, msg.sender) for the request with `nonce`.
            Reverts "EnforcedPause", "NodeNotActive", "InvalidUserSignature", "AccountNotExists",
            "NonceTooLow" (nonce <= account nonce), "InsufficientBalance". Emits BalanceUpdated.
    """
    assert not self.paused, "EnforcedPause"
    assert self._nodes[msg.sender].status == NODE_ACTIVE, "NodeNotActive"
    data: SettlementData = s.data
    userHash: bytes32 = keccak256(abi_encode(data.nonce, data.user, msg.sender))
    signer: address = self._recoverEthSigned(userHash, data.userSignature)
    assert signer != empty(address) and signer == data.user, "InvalidUserSignature"
    self._requireAccount(data.user, msg.sender)
    account: Account = self._accounts[data.user][msg.sender]
    assert data.nonce > account.nonce, "NonceTooLow"
    assert account.balance >= data.cost, "InsufficientBalance"

    free: uint256 = account.balance - account.pendingRefund
    if data.cost > free:
        # take the rest from pending refunds, newest first
        remaining: uint256 = data.cost - free
        assert account.pendingRefund >= remaining, "InsufficientBalance"
        account.pendingRefund -= remaining
        n: uint256 = len(account.refunds)
        for j: uint256 in range(n, bound=MAX_REFUNDS):
            if remaining == 0:
                break
            i: uint256 = n - 1 - j
            if account.refunds[i].processed:
                continue
            take: uint256 = min(remaining, account.refunds[i].amount)
            account.refunds[i].amount -= take
            remaining -= take
    account.balance -= data.cost
    account.nonce = data.nonce
    self._accounts[data.user][msg.sender] = account
    self._nodes[msg.sender].amount += data.cost
    self._nodes[msg.sender].jobsCount += 1

    extcall SettlementContract(self.settlement).settlement(data.user, data.cost)
    log BalanceUpdated(user=data.user, node=msg.sender, amount=account.balance, pendingRefund=account.pendingRefund)
    if data.cost != 0:
        send(msg.sender, data.cost)
