/* placeholder: replaced by the demo generator */
int main(void) { return 0; }
