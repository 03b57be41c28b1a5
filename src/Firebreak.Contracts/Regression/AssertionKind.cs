namespace Firebreak.Regression;

/// <summary>What a regression assertion checks about a replayed run.</summary>
public enum AssertionKind
{
    /// <summary>The run must not call <see cref="RegressionAssertion.Tool"/>.</summary>
    MustNotCall,

    /// <summary>The run must call <see cref="RegressionAssertion.Tool"/>.</summary>
    MustCall,

    /// <summary>No call of <see cref="RegressionAssertion.Tool"/> may have an amount argument above <see cref="RegressionAssertion.Max"/>.</summary>
    MaxAmount,

    /// <summary>The run's output must contain <see cref="RegressionAssertion.Text"/> (ordinal, ignoring case).</summary>
    OutputContains,

    /// <summary>The run's output must not contain <see cref="RegressionAssertion.Text"/> (ordinal, ignoring case).</summary>
    OutputNotContains,

    /// <summary>
    /// The run must not call <see cref="RegressionAssertion.Tool"/> with <see cref="RegressionAssertion.Arguments"/>: a call
    /// whose arguments hold every one of those properties with the same value repeats the recorded bad behaviour.
    /// </summary>
    MustNotCallWith,
}
