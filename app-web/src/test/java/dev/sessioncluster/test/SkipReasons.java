package dev.sessioncluster.test;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints why a test or a whole test class did not run. The build's report counts a test
 * that skipped, but a class that skipped in {@code @BeforeAll} (no Chromium, no Docker,
 * no nginx) vanishes from it with its reason; this listener, registered through
 * {@code META-INF/services}, puts that reason in the build's output.
 */
public final class SkipReasons implements TestExecutionListener {

	@Override
	public void executionSkipped(TestIdentifier test, String reason) {
		print(test, reason);
	}

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
			print(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
		}
	}

	private static void print(TestIdentifier test, String reason) {
		System.out.println("SKIPPED " + name(test) + ": " + reason);
	}

	private static String name(TestIdentifier test) {
		return test.getSource().map((source) -> {
			if (source instanceof MethodSource method) {
				return method.getJavaClass().getSimpleName() + "." + method.getMethodName();
			}
			if (source instanceof ClassSource type) {
				return type.getJavaClass().getSimpleName();
			}
			return test.getDisplayName();
		}).orElse(test.getDisplayName());
	}

}
