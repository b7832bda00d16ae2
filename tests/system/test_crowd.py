"""A full room against the real server (eventlet, as `make run` serves it): many phones at once."""

import asyncio
import sqlite3
import uuid
from collections import Counter

import socketio


def base_of(link: str) -> str:
    return link.split("/join/")[0].split("/leader/")[0]


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


async def join_all(links: dict, count: int, addresses: int = 4) -> list[dict]:
    """``count`` phones connect, then all send their join at once; returns every answer. They come from
    ``addresses`` addresses (phones on 4G and on the venue's Wi-Fi), each within its join budget."""
    import aiohttp

    from dialog_app.limits import ADDRESS_LIMITS

    assert count / addresses <= ADDRESS_LIMITS["participant:join"][0]
    # Linux answers on all of 127.0.0.0/8, so each source address is another machine to the server.
    sessions = [aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(f"127.0.3.{n + 1}", 0)))
                for n in range(addresses)]
    phones = [socketio.AsyncClient(reconnection=False, http_session=sessions[n % addresses]) for n in range(count)]
    base, token = base_of(links["participant"]), token_of(links["participant"])
    await asyncio.gather(*(phone.connect(base, auth={"token": token}, transports=["websocket"]) for phone in phones))
    answers = await asyncio.gather(*(
        phone.call("participant:join", {"name": f"Deltagare {number}", "table": number % 6 + 1}, timeout=30)
        for number, phone in enumerate(phones)))
    await asyncio.gather(*(phone.disconnect() for phone in phones))
    await asyncio.gather(*(session.close() for session in sessions))
    return answers


def test_a_crowd_joining_at_once_never_overfills_a_table(live_server):
    with sqlite3.connect(live_server.db_path) as conn:
        conn.execute("UPDATE event_table SET seats = 17")
    answers = asyncio.run(join_all(live_server.links, 108))
    with sqlite3.connect(live_server.db_path) as conn:
        seated = dict(conn.execute("SELECT table_number, COUNT(*) FROM participant GROUP BY table_number"))
    assert seated == {table: 17 for table in range(1, 7)}
    refusals = [answer["error"] for answer in answers if not answer["ok"]]
    assert len(refusals) == 6
    # Each one refused was told where seats were free at that moment, or that the room was full.
    assert Counter(error["code"] for error in refusals).keys() <= {"join.table_full", "join.room_full"}
    for error in refusals:
        assert error["params"]["table"] not in error["params"].get("free", [])
    assert sum(answer["ok"] for answer in answers) == 102


async def flood_while_another_table_writes(links: dict, flood: int) -> dict:
    base = base_of(links["leader"])
    leader = socketio.AsyncClient(reconnection=False)
    await leader.connect(base, auth={"token": token_of(links["leader"])}, transports=["websocket"])
    for phase in ("setup", "warmup"):
        assert (await leader.call("phase:advance", {"from": phase}, timeout=10))["ok"]
    projector = socketio.AsyncClient(reconnection=False)
    arrived = asyncio.Event()

    @projector.on("idea:saved")
    async def _saved(data):
        if data["idea"]["text"] == "Bord två skriver under tiden":
            arrived.set()

    await projector.connect(base, auth={"token": token_of(links["projector"])}, transports=["websocket"])
    flooder = socketio.AsyncClient(reconnection=False)
    await flooder.connect(base, auth={"token": token_of(links["tables"][0]["secretary"])}, transports=["websocket"])
    other = socketio.AsyncClient(reconnection=False)
    await other.connect(base, auth={"token": token_of(links["tables"][1]["secretary"])}, transports=["websocket"])
    for number in range(flood):
        await flooder.emit("idea:add", {"id": str(uuid.uuid4()), "text": f"Flod {number}"})
    answer = await other.call("idea:add", {"id": str(uuid.uuid4()), "text": "Bord två skriver under tiden"}, timeout=30)
    await asyncio.wait_for(arrived.wait(), 30)
    for _ in range(100):  # the server closes the flooding connection once it has read enough of the flood
        if not flooder.connected:
            break
        await asyncio.sleep(0.1)
    result = {"answer": answer, "flooder_connected": flooder.connected}
    for client in (leader, projector, flooder, other):
        if client.connected:
            await client.disconnect()
    return result


def test_one_client_flooding_ideas_is_cut_off_and_another_tables_idea_still_arrives(live_server):
    result = asyncio.run(flood_while_another_table_writes(live_server.links, 2000))
    assert result["answer"]["ok"] is True
    assert result["flooder_connected"] is False
    with sqlite3.connect(live_server.db_path) as conn:
        by_table = dict(conn.execute("SELECT table_number, COUNT(*) FROM idea GROUP BY table_number"))
    assert by_table[2] == 1
    # The flood is refused before it reaches the database: at most the burst and what refills meanwhile.
    assert by_table[1] < 100
