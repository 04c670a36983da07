package dev.mqttj.session;

class MemorySessionTest extends SessionContractTest {

    @Override
    Session newSession() {
        return new MemorySession();
    }
}
