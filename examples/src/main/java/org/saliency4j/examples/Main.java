package org.saliency4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import org.saliency4j.SaliencyException;

/**
 * Entry point of {@code saliency4j-examples.jar}: {@code java --add-modules jdk.incubator.vector -jar saliency4j-examples.jar <command> [options]}.
 */
public final class Main {
    private static final String USAGE = """
            usage: java --add-modules jdk.incubator.vector -jar saliency4j-examples.jar <command> [options]
              evaluate [--model <file>] [--architecture <to_json file>] [--data <CIFAR-10 or MNIST dir>]
                       [--scale 1|255|-1..1|affine:A,B] [--limit <n>] [--batch <n>] [--backend cpu|cuda|auto]
                  accuracy per class and overall on the CIFAR-10 or MNIST test set
              summary  [--model <file.h5>] [--backend cpu|cuda|auto]
                  the model layer by layer, as Keras' model.summary()
              inspect  [--model <file>]
                  the file's format, Keras version and layer classes, and whether (or why not) it loads
              bench    [--repeats <n>] [--skip-vgg] [--backend cpu|cuda|auto]
                  times the speed workloads and prints one JSON object (docs/performance.md)
              notebook --out <dir> [--force] [--model <file.h5>] [--data <dir>] [--backend cpu|cuda|auto]
                  runs the saliency notebook and writes its seven figures and results.json
            Without --model / --data the files are looked for under $SALIENCY4J_HOME/models and
            $SALIENCY4J_HOME/data (default ~/.saliency4j).""";

    private Main() {
    }

    /**
     * Runs a command and exits with 0 on success, 1 on failure, 2 on a usage error.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a command without exiting the JVM.
     *
     * @param args the command and its options
     * @param out  where results go
     * @param err  where errors go
     * @return the exit status: 0 on success, 1 on failure, 2 on a usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
                out.println(USAGE);
                return args.length == 0 ? 2 : 0;
            }
            switch (args[0]) {
                case "evaluate" -> EvaluateCommand.run(args, out, err);
                case "summary" -> SummaryCommand.run(args, out);
                case "notebook" -> NotebookCommand.run(args, out, err);
                case "inspect" -> InspectCommand.run(args, out);
                case "bench" -> BenchCommand.run(args, out, err);
                default -> throw new Options.UsageException("unknown command '" + args[0] + "'");
            }
            return 0;
        } catch (Options.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (NoSuchFileException e) {
            err.println("error: " + e.getFile() + ": " + e.getReason());
            return 1;
        } catch (IOException | SaliencyException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
