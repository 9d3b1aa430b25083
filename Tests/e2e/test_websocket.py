"""End-to-end: web3.py over the WebSocket of the RPC port (ws://host:port, as geth and anvil).

web3.py's own AsyncWeb3(WebSocketProvider) subscribes to newHeads, logs and newPendingTransactions
while transactions are sent over HTTP; every notification must match what the node then reports
over HTTP (eth_getBlockByNumber, eth_getTransactionReceipt), and eth_unsubscribe must answer true.
"""

from __future__ import annotations

import asyncio

from web3 import AsyncWeb3, WebSocketProvider

from conftest import DEV0_ADDRESS, RPC_URL, Rpc

WS_URL = RPC_URL.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
# init code: PUSH32 topic, PUSH1 0, PUSH1 0, LOG1, STOP (emits one log, deploys nothing)
TOPIC = "0x" + "5a" * 32
LOG_INIT_CODE = "0x7f" + TOPIC[2:] + "60006000a100"


async def next_notification(w3: AsyncWeb3, timeout: float = 30) -> dict:
    async def first():
        async for message in w3.socket.process_subscriptions():
            return message
    return await asyncio.wait_for(first(), timeout)


def test_new_heads_logs_and_pending_over_websocket(rpc: Rpc):
    async def scenario():
        async with AsyncWeb3(WebSocketProvider(WS_URL)) as w3:
            assert await w3.eth.chain_id == int(rpc("eth_chainId"), 16)

            heads = await w3.eth.subscribe("newHeads")
            tx_hash = rpc("eth_sendTransaction", {"from": DEV0_ADDRESS, "to": DEV0_ADDRESS, "value": "0x1"})
            receipt = rpc.wait_receipt(tx_hash)
            message = await next_notification(w3)
            assert message["subscription"] == heads
            header = message["result"]
            block = rpc("eth_getBlockByNumber", receipt["blockNumber"], False)
            assert header["hash"].to_0x_hex() == block["hash"]
            assert header["number"] == int(block["number"], 16)
            assert header["parentHash"].to_0x_hex() == block["parentHash"]
            assert await w3.eth.unsubscribe(heads) is True

            logs = await w3.eth.subscribe("logs", {"topics": [TOPIC]})
            tx_hash = rpc("eth_sendTransaction", {"from": DEV0_ADDRESS, "data": LOG_INIT_CODE})
            receipt = rpc.wait_receipt(tx_hash)
            message = await next_notification(w3)
            assert message["subscription"] == logs
            log = message["result"]
            assert log["transactionHash"].to_0x_hex() == tx_hash
            assert log["address"].lower() == receipt["contractAddress"].lower()
            assert [t.to_0x_hex() for t in log["topics"]] == [TOPIC]
            assert log["removed"] is False
            assert await w3.eth.unsubscribe(logs) is True

            pending = await w3.eth.subscribe("newPendingTransactions")
            tx_hash = rpc("eth_sendTransaction", {"from": DEV0_ADDRESS, "to": DEV0_ADDRESS, "value": "0x2"})
            message = await next_notification(w3)
            assert message["subscription"] == pending
            assert message["result"].to_0x_hex() == tx_hash
            assert await w3.eth.unsubscribe(pending) is True

    asyncio.run(scenario())
