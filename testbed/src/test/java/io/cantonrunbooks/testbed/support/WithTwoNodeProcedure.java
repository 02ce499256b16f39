package io.cantonrunbooks.testbed.support;

import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Timings;
import org.junit.jupiter.api.AfterEach;

/**
 * A two-participant testbed with its documented procedure ready to drive: {@link #run} replicates
 * from {@link #p1} to {@link #p2}. A test class extends this and passes the timings its case needs;
 * every test gets a fresh network, closed after it.
 */
public abstract class WithTwoNodeProcedure {
  protected final TestbedNetwork net;
  protected final Node p1;
  protected final Node p2;
  protected final Steps steps;
  protected final Procedure run;

  protected WithTwoNodeProcedure(Timings timings) {
    net = TestbedNetwork.builder().participants(2).timings(timings).build();
    p1 = new Node(net, "participant1");
    p2 = new Node(net, "participant2");
    steps = new Steps(net);
    run = new Procedure(net, p1, p2);
  }

  @AfterEach
  void closeNetwork() throws Exception {
    p1.close();
    p2.close();
    net.close();
  }
}
