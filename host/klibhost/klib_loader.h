#pragma once
/* Loads and initializes the klibs the loaded config names (exits with status 2
   on any failure, naming the klib). */
void load_klibs(const char *config_path, const char *klib_dir);
