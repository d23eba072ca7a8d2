// Real HTTP on loopback with short but real waits (locks, windows, lags): give each test room.
jest.setTimeout(30_000);
