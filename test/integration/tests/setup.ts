// Real uploads, flood locks and budget windows run on real time: give each test room.
jest.setTimeout(60_000);
