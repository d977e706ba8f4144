// forceExit: after the broker-outage test, kafkajs keeps reconnect timers of closed clients alive
// for a while; the suite's outcome is decided by its tests, not by those timers.
module.exports = require('../../jest.preset').projectConfig(__dirname, 'int', { forceExit: true });
