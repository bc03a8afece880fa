package io.turnpike.server;

/** Entry point of the Turnpike server (placeholder until the server core lands). */
public final class Main {
    private Main() {
    }

    /** Starts the server. */
    public static void main(String[] args) {
        System.out.println("Turnpike: server not built yet");
    }
}
