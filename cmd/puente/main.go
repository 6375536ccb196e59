// Command puente builds the trilingual programme website from site.yaml,
// content/, layouts/ and assets/. Each subcommand lives in its own file;
// main stays tiny so that run is testable.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
