package dev.mqttj.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The main class of a forked JVM that measures one client kind. It reads commands
 * ({@code run <scenario> <count> <broker port>} or {@code quit}) from standard input and answers each with one
 * {@code @@result} or {@code @@error} line on standard output; libraries' own output goes to
 * standard error. One JVM per client keeps heap, thread and CPU figures free of the other clients.
 */
final class Worker {

    static final String RESULT = "@@result";
    static final String ERROR = "@@error";

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        ClientKind kind = ClientKind.byId(args[0]);
        long timeoutSeconds = Long.parseLong(args[1]);
        PrintStream answers = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        Scenarios scenarios = new Scenarios(kind, timeoutSeconds);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        answers.println("@@ready");
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] words = line.trim().split(" ");
            if (words[0].equals("quit")) {
                break;
            }
            try {
                Map<String, Double> figures = scenarios.run(Scenario.byId(words[1]), Integer.parseInt(words[2]),
                        Integer.parseInt(words[3]));
                StringBuilder answer = new StringBuilder(RESULT);
                figures.forEach((key, value) -> answer.append(' ').append(key).append('=').append(value));
                answers.println(answer);
            } catch (Exception | LinkageError e) {
                e.printStackTrace();
                answers.println(ERROR + " " + String.valueOf(e).replace('\n', ' '));
            }
        }
        System.exit(0);
    }
}
