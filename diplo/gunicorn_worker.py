"""gunicorn's threaded worker, made so that a client that stops reading costs a thread for
a bounded time, never the worker (see diplo/gunicorn.conf.py for the numbers and why).

Two changes to gunicorn's gthread worker:

- A send timeout. A response is written with blocking sends, and a client that reads
  nothing holds its thread in one once the socket buffers are full; gunicorn has no limit
  on that (its `timeout` only watches the worker's main loop). Each accepted socket gets
  SO_SNDTIMEO: a send that waits that long for room in the buffer fails (or returns the
  few bytes it queued first: a stalled client is reset after two or three such waits), and
  the connection is reset. A kernel option, so gthread's switches between blocking and
  non-blocking mode leave it be; and a limit on each send() call, so it cuts a client that
  stopped, never one that reads slowly (Python's own socket timeout would bound a whole
  sendall() of an export's megabyte chunk instead).
- Closing in the thread. gthread closes a finished connection on the worker's main loop,
  waiting up to 2 s for the client's FIN (RFC 9112 section 9.6): twenty clients that send
  "Connection: close" and then neither read nor close held a worker's accept loop for
  7.7 s. The wait happens here, in the thread that served the request, and the main loop's
  close then returns at once.
"""

import contextlib
import socket
import struct
import time

from gunicorn.workers.gthread import ThreadWorker

# gunicorn's own wait for a closing client (gunicorn.util.close_graceful).
CLOSE_LINGER_SECONDS = 2.0
CLOSE_DRAIN_BYTES = 65536


class SendTimeoutWorker(ThreadWorker):
    # Seconds a send may wait without moving a byte; diplo/gunicorn.conf.py sets it.
    send_timeout = 5.0

    def handle(self, conn):
        if not conn.initialized:
            seconds = int(self.send_timeout)
            micros = int((self.send_timeout - seconds) * 1_000_000)
            conn.sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack("ll", seconds, micros)
            )
        keepalive = super().handle(conn)
        if not keepalive:
            _close_here(conn.sock)
        return keepalive

    def handle_request(self, req, conn):
        try:
            return super().handle_request(req, conn)
        except BlockingIOError:
            # SO_SNDTIMEO expired: the client has read nothing for send_timeout seconds.
            self.log.warning(
                "Reset the connection of %s (%s %s): it has read nothing for %g s",
                conn.client[0] if isinstance(conn.client, tuple) else conn.client,
                req.method,
                req.path,
                self.send_timeout,
            )
            # A reset (SO_LINGER 0) frees the buffers the kernel holds for it at once, and
            # the shutdown lets the close that follows skip its wait for the client.
            with contextlib.suppress(OSError):  # the client may have reset it first
                conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.sock.shutdown(socket.SHUT_RDWR)
            return False


def _close_here(sock: socket.socket) -> None:
    """gunicorn's graceful close up to the close itself: send FIN and wait (up to
    CLOSE_LINGER_SECONDS) for the client's, then shut the socket for reading, so that the
    main loop's graceful close has nothing left to wait for. What the kernel holds to send
    it goes on sending after the close, as with gunicorn's own close."""
    try:
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + CLOSE_LINGER_SECONDS
        drained = 0
        while drained < CLOSE_DRAIN_BYTES and (remaining := deadline - time.monotonic()) > 0:
            sock.settimeout(remaining)
            data = sock.recv(4096)
            if not data:
                break
            drained += len(data)
    except OSError:  # timed out, or already reset or closed
        pass
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RD)
