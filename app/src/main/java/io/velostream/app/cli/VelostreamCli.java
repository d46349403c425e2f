package io.velostream.app.cli;

public final class VelostreamCli {
    public static void main(String[] args) {
        System.out.println("velostream");
    }
}
