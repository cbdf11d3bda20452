"""`media build --scheduler`: the same jobs on a real Dask cluster (a scheduler and two workers on
127.0.0.1), the same bytes as a local build, and a worker killed in the middle of a job changes nothing."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_engine import EPOCH, SIZE, _files, _project, assert_manifests_match_disk

distributed = pytest.importorskip("distributed")
DASK = Path(sys.executable).parent / "dask"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    # no nanny: a killed worker stays dead, so its job must finish on the other one
    for _ in range(2):
        procs.append(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-nanny",
                                       "--no-dashboard", "--memory-limit", "0"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    client = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                client = client or distributed.Client(address, timeout="5s", set_as_default=False)
                if len(client.scheduler_info()["workers"]) == 2:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the loopback Dask cluster did not start")
        yield address, client
    finally:
        if client is not None:
            client.close()
        for p in procs:
            p.kill()
            p.wait(timeout=10)


def test_a_loopback_cluster_makes_the_local_bytes_even_when_a_worker_dies(cluster, tmp_path, monkeypatch):
    from media import builders
    from media.build import build
    from media.options import BuildOptions

    address, client = cluster
    sb = _project(tmp_path / "proj")
    monkeypatch.setenv("MEDIA_VIDEO_SIZE", SIZE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    local = tmp_path / "local"
    build([sb], ("fa", "en"), builders.names(), local, BuildOptions(), jobs=2)

    remote = tmp_path / "remote"
    env = {**os.environ, "MEDIA_VIDEO_SIZE": SIZE, "SOURCE_DATE_EPOCH": EPOCH}
    proc = subprocess.Popen([sys.executable, "-m", "media", "build", str(sb), "--out", str(remote),
                             "--scheduler", address], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline and proc.poll() is None:
        for worker, keys in client.processing().items():
            if any("/video/" in str(k) for k in keys):  # a video is being made there: kill it mid-job
                pid = client.run(os.getpid, workers=[worker])[worker]
                os.kill(pid, signal.SIGKILL)
                killed = worker
                break
        time.sleep(0.05)
    _, err = proc.communicate(timeout=600)
    assert killed is not None, "no video job was seen running on a worker"
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert len(client.scheduler_info()["workers"]) == 1  # the killed worker is gone: the other made it
    assert {k: v[0] for k, v in _files(remote).items()} == {k: v[0] for k, v in _files(local).items()}
    assert_manifests_match_disk(remote)


def test_a_worker_with_other_code_is_refused(cluster, tmp_path, monkeypatch):
    """The client checks each worker's media version, code and fonts before sending a job."""
    from media.engine import keys
    from media.engine.executors import DaskExecutor
    from media.errors import EngineError

    address, _ = cluster
    real = keys.environment
    monkeypatch.setattr(keys, "environment", lambda: {**real(), "fonts": "not-the-same"})
    with pytest.raises(EngineError, match="runs a different media: fonts"):
        DaskExecutor(address, lambda *a: None)
