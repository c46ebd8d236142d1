package io.maskwatch.app.chaos;

/** One kind of fault: begun, then ended a few seconds later. */
record Fault(String name, Action start, Action stop) {
    interface Action {
        void run() throws Exception;
    }

    static Fault kill(String name, ServiceProcess process) {
        return new Fault(name + " kill -9", process::kill, process::restart);
    }

    static Fault away(String name, Action stop, Action start) {
        return new Fault(name + " away", stop, start);
    }

    void begin() throws Exception {
        start.run();
    }

    void end() throws Exception {
        stop.run();
    }
}
