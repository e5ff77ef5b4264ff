#define BOOST_TEST_MODULE Sync
#include <boost/test/unit_test.hpp>
