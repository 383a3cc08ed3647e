#pragma once
/* Starts argv[0] (searched in PATH) with stdout and stderr on the console. */
void start_program(char **argv);
/* Runs the loop until the program exits; its status (128 + signal if killed). */
int wait_program(void);
