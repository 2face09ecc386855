package org.astronest.emulators;

import java.lang.reflect.InvocationTargetException;
import org.astronest.emulators.kernel.JavaDenseKernel;

/**
 * The two ways of evaluating a {@link DenseNetwork}: {@link #JAVA}, a pure-Java blocked dense kernel (default), and
 * {@link #DL4J}, DeepLearning4J's {@code MultiLayerNetwork} in double precision on the ND4J native CPU backend. DL4J
 * lives in the optional module {@code emulators-dl4j} (its own jar, so the CLI jar stays small) and is loaded by
 * reflection only when asked for, so the Java path never touches its classes.
 */
public enum Backend {
    JAVA {
        @Override
        public NetworkKernel compile(DenseNetwork network) {
            return new JavaDenseKernel(network);
        }
    },
    DL4J {
        @Override
        public NetworkKernel compile(DenseNetwork network) {
            try {
                Class<?> c = Class.forName("org.astronest.emulators.dl4j.Dl4jKernel");
                return (NetworkKernel) c.getMethod("create", DenseNetwork.class).invoke(null, network);
            } catch (InvocationTargetException e) {
                Throwable t = e.getCause();
                if (t instanceof RuntimeException) {
                    throw (RuntimeException) t;
                }
                throw new IllegalStateException("DL4J backend failed to start: " + t, t);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the DL4J backend is not installed: it is the optional module "
                        + "emulators-dl4j; run with ASTRONEST_DL4J=1 ./astronest ... (docs/emulators.md), or use "
                        + "--backend java", e);
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("DL4J backend failed to load (" + e + "); use --backend java", e);
            }
        }
    };

    /** A thread-safe evaluator of the network on this backend. */
    public abstract NetworkKernel compile(DenseNetwork network);

    /** Parses {@code java} or {@code dl4j} (any case); an error naming the value otherwise. */
    public static Backend parse(String s) {
        for (Backend b : values()) {
            if (b.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return b;
            }
        }
        throw new IllegalArgumentException("backend must be java or dl4j, got '" + s + "'");
    }
}
