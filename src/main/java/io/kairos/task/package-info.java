/**
 * The task vocabulary shared by the run package (which records tasks as attempts), the framework (which places
 * them) and the agent (which runs them): a task's id and spec, how it ended, its output streams, and the listener
 * agents report to. It depends on nothing else in Kairos.
 */
package io.kairos.task;
