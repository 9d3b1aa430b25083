# pragma version 0.4.3
"""
@title Settlement
@notice LazAI's user wallets for paid AI services, after 0xLazAI/lazbubu-contracts
        src/settlement/Settlement.sol, ABI-compatible with Alith 0.12.3's SETTLEMENT_CONTRACT_ABI.
        Written for metis-devnet.

        A user `addUser{value}()`s, then `deposit{value}()`s / `withdraw(amount)`s wei;
        availableBalance is what this contract holds for the user, totalBalance also counts what
        the user moved into AIProcess accounts. `depositQuery/Inference/Training(node, amount)`
        moves `amount` wei of availableBalance into that AIProcess's (user, node) account
        (addAccount{value} the first time, else deposit{value}, first cancelling pending refunds
        of up to `amount`). `retrieveX(nodes)` releases unlocked refunds back to availableBalance
        and starts new ones. An AIProcess calls `settlement(user, cost)` when a node is paid:
        totalBalance drops by cost.

        Unlike upstream: deposit() and withdraw() UPDATE the stored balances (upstream changes a
        memory copy); withdraw reverts "InsufficientBalance" beyond availableBalance; refunds and
        closed accounts send their wei back here (upstream strands it in the AIProcess);
        deleteUser pays the user everything that came back. getAllUsers returns the five fields
        Alith's ABI decodes (addr, availableBalance, totalBalance, inferenceNodes, trainingNodes).

        Roles (OpenZeppelin AccessControl-compatible): DEFAULT_ADMIN_ROLE grants/revokes roles and
        updates query/inference/training; MAINTAINER_ROLE pauses. Errors are upstream's error
        NAMES as revert reason strings.

        Settings are storage written by initialize(admin, query, inference, training), which runs
        once (no constructor arguments, no immutables: genesis places the runtime code).
"""

MAX_NODES: constant(uint256) = 16
MAX_USERS: constant(uint256) = 4096
MAX_USERS_RETURNED: constant(uint256) = 100

DEFAULT_ADMIN_ROLE: public(constant(bytes32)) = empty(bytes32)
MAINTAINER_ROLE: public(constant(bytes32)) = keccak256("MAINTAINER_ROLE")


interface AIProcess:
    def accountExists(user: address, node: address) -> bool: view
    def getAccountPendingRefund(user: address, node: address) -> uint256: view
    def addAccount(user: address, node: address): payable
    def deleteAccount(user: address, node: address): nonpayable
    def deposit(user: address, node: address, cancelRetrievingAmount: uint256): payable
    def request(user: address, node: address): nonpayable
    def process(user: address, node: address) -> (uint256, uint256, uint256): nonpayable


struct User:
    addr: address
    availableBalance: uint256
    totalBalance: uint256
    queryNodes: DynArray[address, MAX_NODES]
    inferenceNodes: DynArray[address, MAX_NODES]
    trainingNodes: DynArray[address, MAX_NODES]


# getAllUsers' element as Alith's ABI has it (no queryNodes).
struct UserSummary:
    addr: address
    availableBalance: uint256
    totalBalance: uint256
    inferenceNodes: DynArray[address, MAX_NODES]
    trainingNodes: DynArray[address, MAX_NODES]


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

event QueryUpdated:
    newQuery: address

event InferenceUpdated:
    newInference: address

event TrainingUpdated:
    newTraining: address

event UserAdded:
    addr: indexed(address)

event UserDeleted:
    addr: indexed(address)

event Deposited:
    addr: indexed(address)
    amount: uint256

event Withdrawn:
    addr: indexed(address)
    amount: uint256


initialized: public(bool)
paused: public(bool)
_roles: HashMap[bytes32, HashMap[address, bool]]

query: public(address)
inference: public(address)
training: public(address)

_users: HashMap[address, User]
# 1-based position in _userList (0 = not a user)
_userIndex: HashMap[address, uint256]
_userList: DynArray[address, MAX_USERS]


@deploy
def __init__():
    pass


@external
def initialize(admin: address, query: address, inference: address, training: address):
    """
    @notice One-time setup: admin gets DEFAULT_ADMIN_ROLE and MAINTAINER_ROLE; query, inference,
            training are the three AIProcess contracts.
    """
    assert not self.initialized, "InvalidInitialization"
    assert admin != empty(address), "ZeroAddress"
    self.initialized = True
    self.query = query
    self.inference = inference
    self.training = training
    self._grant(DEFAULT_ADMIN_ROLE, admin)
    self._grant(MAINTAINER_ROLE, admin)


@external
@payable
def __default__():
    """
    @notice Receives the wei an AIProcess gives back (released refunds, closed accounts); from
            anyone else it reverts.
    """
    assert msg.sender == self.query or msg.sender == self.inference or msg.sender == self.training, \
        "Caller is not the query, inference or training contract"


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
def _whenNotPaused():
    assert not self.paused, "EnforcedPause"


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
def updateQuery(newQuery: address):
    self._only(DEFAULT_ADMIN_ROLE)
    self.query = newQuery
    log QueryUpdated(newQuery=newQuery)


@external
def updateInference(newInference: address):
    self._only(DEFAULT_ADMIN_ROLE)
    self.inference = newInference
    log InferenceUpdated(newInference=newInference)


@external
def updateTraining(newTraining: address):
    self._only(DEFAULT_ADMIN_ROLE)
    self.training = newTraining
    log TrainingUpdated(newTraining=newTraining)


# ---------------------------------------------------------------- users

@internal
@view
def _requireUser(addr: address):
    assert self._userIndex[addr] != 0, "UserNotExists"


@view
@external
def getUser(user: address) -> User:
    """
    @notice (addr, availableBalance (wei), totalBalance (wei), queryNodes, inferenceNodes,
            trainingNodes). Reverts "UserNotExists".
    """
    self._requireUser(user)
    return self._users[user]


@view
@external
def getAllUsers() -> DynArray[UserSummary, MAX_USERS_RETURNED]:
    """
    @notice The first 100 users, as Alith's ABI decodes them (usersCount() tells how many).
    """
    result: DynArray[UserSummary, MAX_USERS_RETURNED] = []
    count: uint256 = min(len(self._userList), MAX_USERS_RETURNED)
    for i: uint256 in range(count, bound=MAX_USERS_RETURNED):
        u: User = self._users[self._userList[i]]
        result.append(UserSummary(addr=u.addr, availableBalance=u.availableBalance, totalBalance=u.totalBalance,
                                  inferenceNodes=u.inferenceNodes, trainingNodes=u.trainingNodes))
    return result


@view
@external
def usersCount() -> uint256:
    return len(self._userList)


@view
@external
def userExists(user: address) -> bool:
    return self._userIndex[user] != 0


@external
@payable
def addUser():
    """
    @notice Registers the caller with msg.value wei. Reverts "UserAlreadyExists". Emits UserAdded.
    """
    self._whenNotPaused()
    assert self._userIndex[msg.sender] == 0, "UserAlreadyExists"
    self._userList.append(msg.sender)
    self._userIndex[msg.sender] = len(self._userList)
    self._users[msg.sender] = User(addr=msg.sender, availableBalance=msg.value, totalBalance=msg.value,
                                   queryNodes=[], inferenceNodes=[], trainingNodes=[])
    log UserAdded(addr=msg.sender)


@external
@nonreentrant
def deleteUser():
    """
    @notice Closes the caller's accounts on every AIProcess (their balances come back here),
            removes the user and pays the caller its availableBalance plus what came back.
            Reverts "UserNotExists". Emits UserDeleted.
    """
    self._requireUser(msg.sender)
    user: User = self._users[msg.sender]
    before: uint256 = self.balance
    for node: address in user.queryNodes:
        extcall AIProcess(self.query).deleteAccount(msg.sender, node)
    for node: address in user.inferenceNodes:
        extcall AIProcess(self.inference).deleteAccount(msg.sender, node)
    for node: address in user.trainingNodes:
        extcall AIProcess(self.training).deleteAccount(msg.sender, node)
    payout: uint256 = user.availableBalance + (self.balance - before)

    position: uint256 = self._userIndex[msg.sender]
    last: address = self._userList[len(self._userList) - 1]
    if last != msg.sender:
        self._userList[position - 1] = last
        self._userIndex[last] = position
    self._userList.pop()
    self._userIndex[msg.sender] = 0
    self._users[msg.sender] = empty(User)
    log UserDeleted(addr=msg.sender)
    if payout != 0:
        ok: bool = raw_call(msg.sender, b"", value=payout, revert_on_failure=False)
        assert ok, "TransferFailed"


@external
@payable
def deposit():
    """
    @notice Adds msg.value wei to the caller's availableBalance and totalBalance.
            Reverts "UserNotExists".
    """
    self._whenNotPaused()
    self._requireUser(msg.sender)
    self._users[msg.sender].availableBalance += msg.value
    self._users[msg.sender].totalBalance += msg.value
    log Deposited(addr=msg.sender, amount=msg.value)


@external
@nonreentrant
def withdraw(amount: uint256):
    """
    @notice Pays `amount` wei of the caller's availableBalance back to it (both balances drop).
            Reverts "UserNotExists", "InsufficientBalance", "TransferFailed".
    """
    self._whenNotPaused()
    self._requireUser(msg.sender)
    assert self._users[msg.sender].availableBalance >= amount, "InsufficientBalance"
    self._users[msg.sender].availableBalance -= amount
    self._users[msg.sender].totalBalance -= amount
    log Withdrawn(addr=msg.sender, amount=amount)
    ok: bool = raw_call(msg.sender, b"", value=amount, revert_on_failure=False)
    assert ok, "TransferFailed"


# ---------------------------------------------------------------- AIProcess accounts

@internal
def _depositTo(process: address, node: address, amount: uint256) -> bool:
    """
    @dev Moves `amount` wei of the caller's availableBalance into (caller, node) on `process`;
         true when the account was created.
    """
    self._whenNotPaused()
    self._requireUser(msg.sender)
    transferAmount: uint256 = amount
    created: bool = False
    if staticcall AIProcess(process).accountExists(msg.sender, node):
        retrieving: uint256 = staticcall AIProcess(process).getAccountPendingRefund(msg.sender, node)
        cancel: uint256 = min(amount, retrieving)
        transferAmount = amount - cancel
        assert self._users[msg.sender].availableBalance >= transferAmount, "InsufficientBalance"
        self._users[msg.sender].availableBalance -= transferAmount
        extcall AIProcess(process).deposit(msg.sender, node, cancel, value=transferAmount)
    else:
        assert self._users[msg.sender].availableBalance >= transferAmount, "InsufficientBalance"
        self._users[msg.sender].availableBalance -= transferAmount
        extcall AIProcess(process).addAccount(msg.sender, node, value=transferAmount)
        created = True
    return created


@external
@nonreentrant
def depositQuery(node: address, amount: uint256):
    if self._depositTo(self.query, node, amount):
        self._users[msg.sender].queryNodes.append(node)


@external
@nonreentrant
def depositInference(node: address, amount: uint256):
    """
    @notice Moves `amount` wei of availableBalance into the caller's Inference account with
            `node` (created on first use). Reverts "UserNotExists", "InsufficientBalance".
    """
    if self._depositTo(self.inference, node, amount):
        self._users[msg.sender].inferenceNodes.append(node)


@external
@nonreentrant
def depositTraining(node: address, amount: uint256):
    if self._depositTo(self.training, node, amount):
        self._users[msg.sender].trainingNodes.append(node)


@internal
def _retrieve(nodes: DynArray[address, MAX_NODES], process: address):
    self._whenNotPaused()
    self._requireUser(msg.sender)
    total: uint256 = 0
    for node: address in nodes:
        released: uint256 = 0
        b: uint256 = 0
        p: uint256 = 0
        released, b, p = extcall AIProcess(process).process(msg.sender, node)
        total += released
        extcall AIProcess(process).request(msg.sender, node)
    self._users[msg.sender].availableBalance += total


@external
@nonreentrant
def retrieveQuery(nodes: DynArray[address, MAX_NODES]):
    """
    @notice For each node: releases the refunds older than the lock (back to availableBalance),
            then starts a refund of the account's free balance.
    """
    self._retrieve(nodes, self.query)


@external
@nonreentrant
def retrieveInference(nodes: DynArray[address, MAX_NODES]):
    self._retrieve(nodes, self.inference)


@external
@nonreentrant
def retrieveTraining(nodes: DynArray[address, MAX_NODES]):
    self._retrieve(nodes, self.training)


@external
def settlement(addr: address, cost: uint256):
    """
    @notice An AIProcess reports `cost` wei paid from the user's account there: totalBalance
            drops by cost. Only the query, inference or training contract; "UserNotExists",
            "InsufficientBalance".
    """
    assert msg.sender == self.query or msg.sender == self.inference or msg.sender == self.training, \
        "Caller is not the query, inference or training contract"
    self._requireUser(addr)
    user: User = self._users[addr]
    assert user.totalBalance - user.availableBalance >= cost, "InsufficientBalance"
    self._users[addr].totalBalance = user.totalBalance - cost
